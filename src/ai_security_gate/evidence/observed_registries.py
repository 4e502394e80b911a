"""Model registries the code registers a model in (observed.py's `registered` kind): MLflow
(`mlflow.register_model`, `log_model(registered_model_name=...)`, `MlflowClient`
`create_registered_model`/`create_model_version`), SageMaker (`ModelPackage`,
`create_model_package`, `Model.register(model_package_group_name=...)`), Vertex AI
(`aiplatform.Model.upload`) and Azure ML (`ml_client.models.create_or_update`).

What an auditor reads in it: the organisation keeps a model's artefact in a registry of its
own, so it holds weights (the end-of-life duties for held weights apply) and produces models
for deployment (a developer's work). It does not show the weights are shared with others: a
registry is the organisation's, so it never contradicts `published: false` (a hub push does).
Read with `ast`, never run; a call counts only in a file that names the registry's library,
since `register` and `create_or_update` are common method names.
"""

from __future__ import annotations

import ast

HINTS = (
    b"register_model",
    b"registered_model_name",
    b"create_registered_model",
    b"create_model_version",
    b"ModelPackage",
    b"create_model_package",
    b"model_package_group_name",
    b".upload(",
    b"create_or_update",
)

Found = list[tuple[str, str, int]]


def registrations(tree: ast.Module, text: str) -> Found:
    libraries = {
        "mlflow": "mlflow" in text,
        "sagemaker": "sagemaker" in text,
        "vertex": "aiplatform" in text,
        "azure": "azure.ai.ml" in text or "MLClient" in text,
    }
    out: Found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            registry = _registry(node, libraries)
            if registry:
                out.append(
                    ("registered", f"{_name(node)}() registers a model in {registry}", node.lineno)
                )
    return out


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _keywords(call: ast.Call) -> set[str]:
    return {k.arg for k in call.keywords if k.arg}


def _registry(call: ast.Call, libraries: dict[str, bool]) -> str | None:
    name = _name(call)
    keywords = _keywords(call)
    if libraries["mlflow"] and (
        name in ("register_model", "create_registered_model", "create_model_version")
        or "registered_model_name" in keywords
    ):
        return "the MLflow Model Registry"
    if libraries["sagemaker"] and (
        name in ("ModelPackage", "create_model_package")
        or (name == "register" and "model_package_group_name" in keywords)
    ):
        return "the SageMaker Model Registry"
    owner = call.func.value if isinstance(call.func, ast.Attribute) else None
    owner_name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
    if libraries["vertex"] and name == "upload" and owner_name == "Model":
        return "the Vertex AI Model Registry"
    if libraries["azure"] and name == "create_or_update" and owner_name == "models":
        return "the Azure Machine Learning registry"
    return None

"""What one JavaScript or TypeScript file shows: hosted model API clients (OpenAI, Anthropic,
Gemini, Bedrock, Hugging Face Inference, LangChain.js, the Vercel AI SDK, Mistral, Cohere, Groq,
Ollama) and the model ids it asks them for.

No JavaScript parser is shipped, so this reads text, conservatively: a provider counts only
when the file imports or requires its package (a comment naming it does not: comments are
blanked first); a model id counts only as the string value of a `model:`/`modelId:` property,
or the first argument of a provider's model factory (`openai("gpt-4o")`), in such a file. A
model id is given to the provider its name points at (gpt-/o1 -> OpenAI, claude -> Anthropic,
gemini -> Google, a Bedrock `vendor.model` id -> Bedrock) when the file imports that provider,
else to the file's first provider. Strings built at run time are not guessed.
"""

from __future__ import annotations

import re

from .model import HostedModel, Where

SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")

# npm package (or its prefix, ending in "/") -> provider key of discover.providers.PROVIDERS
PACKAGES: dict[str, str] = {
    "openai": "openai",
    "@langchain/openai": "openai",
    "@ai-sdk/openai": "openai",
    "@azure/openai": "azure_openai",
    "@ai-sdk/azure": "azure_openai",
    "@anthropic-ai/sdk": "anthropic",
    "@anthropic-ai/bedrock-sdk": "bedrock",
    "@anthropic-ai/vertex-sdk": "vertex",
    "@langchain/anthropic": "anthropic",
    "@ai-sdk/anthropic": "anthropic",
    "@google/generative-ai": "gemini",
    "@google/genai": "gemini",
    "@langchain/google-genai": "gemini",
    "@ai-sdk/google": "gemini",
    "@google-cloud/vertexai": "vertex",
    "@langchain/google-vertexai": "vertex",
    "@ai-sdk/google-vertex": "vertex",
    "@aws-sdk/client-bedrock-runtime": "bedrock",
    "@aws-sdk/client-bedrock-agent-runtime": "bedrock",
    "@langchain/aws": "bedrock",
    "@ai-sdk/amazon-bedrock": "bedrock",
    "@huggingface/inference": "huggingface_inference",
    "@mistralai/mistralai": "mistral",
    "@langchain/mistralai": "mistral",
    "@ai-sdk/mistral": "mistral",
    "cohere-ai": "cohere",
    "@langchain/cohere": "cohere",
    "groq-sdk": "groq",
    "@langchain/groq": "groq",
    "@ai-sdk/groq": "groq",
    "ollama": "ollama",
    "@langchain/ollama": "ollama",
}
# which provider a model id's name points at
_NAMED = (
    (re.compile(r"^(?:gpt-|o[134](?:-|$)|text-embedding-|chatgpt-|dall-e|whisper)"), "openai"),
    (re.compile(r"^claude-"), "anthropic"),
    (re.compile(r"^(?:gemini-|text-embedding-00|models/gemini)"), "gemini"),
    (
        re.compile(r"^(?:[a-z]{2}\.)?(?:anthropic|amazon|meta|mistral|cohere|ai21)\.[a-z]"),
        "bedrock",
    ),
)
_IMPORT = re.compile(
    r"""(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|^\s*import\s+)(["'])([^"'\n]+)\1""",
    re.MULTILINE,
)
_MODEL_PROP = re.compile(
    r"""\b(?:model|modelId|modelName|model_id|deploymentName)\s*:\s*(["'`])([^"'`\n$]{1,200})\1"""
)
_FACTORY = re.compile(
    r"""\b(openai|anthropic|google|vertex|bedrock|mistral|groq|azure|cohere)(?:\.\w+)?\s*\(\s*"""
    r"""(["'`])([^"'`\n$]{1,200})\2"""
)
_FACTORY_PROVIDER = {
    "openai": "openai",
    "anthropic": "anthropic",
    "google": "gemini",
    "vertex": "vertex",
    "bedrock": "bedrock",
    "mistral": "mistral",
    "groq": "groq",
    "azure": "azure_openai",
    "cohere": "cohere",
}
_LINE_COMMENT = re.compile(r"(^|[\s;{}(),])//[^\n]*")
_TRIGGERS = tuple(p.encode() for p in {*PACKAGES, "@ai-sdk/", "@langchain/"})


def may_matter(source: bytes) -> bool:
    return any(t in source for t in _TRIGGERS)


def analyse_javascript(path: str, source: bytes) -> list[HostedModel]:
    if path.endswith(".d.ts") or not may_matter(source):
        return []
    text = _blank_comments(source.decode("utf-8", "replace"))
    providers: dict[str, int] = {}  # provider -> line of its first import
    for match in _IMPORT.finditer(text):
        provider = _provider(match.group(2))
        if provider and provider not in providers:
            providers[provider] = _line(text, match.start(2))
    if not providers:
        return []
    out: list[HostedModel] = []
    for match in _MODEL_PROP.finditer(text):
        model = match.group(2).strip()
        out.append(
            HostedModel(_owner(model, providers), model, Where(path, _line(text, match.start(2))))
        )
    for match in _FACTORY.finditer(text):
        provider = _FACTORY_PROVIDER[match.group(1)]
        if provider in providers:
            model = match.group(3).strip()
            out.append(HostedModel(provider, model, Where(path, _line(text, match.start(3)))))
    named = {h.provider for h in out}
    out += [
        HostedModel(p, None, Where(path, line)) for p, line in providers.items() if p not in named
    ]
    return out


def _provider(package: str) -> str | None:
    name = package.strip()
    if name.startswith("node:"):
        return None
    parts = name.split("/")
    base = "/".join(parts[:2]) if name.startswith("@") else parts[0]
    return PACKAGES.get(base)


def _owner(model: str, providers: dict[str, int]) -> str:
    for pattern, provider in _NAMED:
        if pattern.search(model.lower()) and provider in providers:
            return provider
    return next(iter(providers))


def _blank_comments(text: str) -> str:
    """Comments replaced by spaces, newlines kept (so line numbers hold). A `//` inside a
    string ("https://...") is kept: only one at a line start or after a delimiter counts."""
    parts, at = [], 0
    while (start := text.find("/*", at)) >= 0:  # one pass: an unclosed /* ends the file
        end = text.find("*/", start + 2)
        end = len(text) if end < 0 else end + 2
        parts += [text[at:start], re.sub(r"[^\n]", " ", text[start:end])]
        at = end
    text = "".join([*parts, text[at:]])
    return _LINE_COMMENT.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), text)


def _line(text: str, at: int) -> int:
    return text.count("\n", 0, at) + 1

"""Tables: which Python modules and classes are hosted model APIs, Hugging Face downloads,
and tools or integrations a model is given. Data only; python_ast.py applies them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Provider:
    supplier: str  # as it goes into supply_chain.suppliers
    provides: str
    uri: str | None  # the public API endpoint; None when it is per deployment


PROVIDERS: dict[str, Provider] = {
    "openai": Provider("OpenAI", "hosted LLM API", "https://api.openai.com/v1"),
    "azure_openai": Provider("Microsoft (Azure OpenAI)", "hosted LLM API", None),
    "anthropic": Provider("Anthropic", "hosted LLM API", "https://api.anthropic.com"),
    "gemini": Provider(
        "Google (Gemini API)", "hosted LLM API", "https://generativelanguage.googleapis.com"
    ),
    "vertex": Provider("Google Cloud (Vertex AI)", "hosted LLM API", None),
    "bedrock": Provider("Amazon Web Services (Bedrock)", "hosted LLM API", None),
    "ollama": Provider("Ollama", "local model server", "http://localhost:11434"),
    "mistral": Provider("Mistral AI", "hosted LLM API", "https://api.mistral.ai"),
    "cohere": Provider("Cohere", "hosted LLM API", "https://api.cohere.com"),
    "groq": Provider("Groq", "hosted LLM API", "https://api.groq.com"),
    "huggingface_inference": Provider(
        "Hugging Face (Inference API)", "hosted model API", "https://api-inference.huggingface.co"
    ),
    "litellm": Provider(
        "LiteLLM (routes to the provider the model name selects)", "LLM proxy", None
    ),
    "xai": Provider("xAI", "hosted LLM API", "https://api.x.ai/v1"),
    "deepseek": Provider("DeepSeek", "hosted LLM API", "https://api.deepseek.com"),
    "fireworks": Provider("Fireworks AI", "hosted LLM API", "https://api.fireworks.ai"),
    "together": Provider("Together AI", "hosted LLM API", "https://api.together.xyz"),
}

# "provider:model" strings, the model ids LangChain's init_chat_model, deepagents and
# pydantic-ai take (`"anthropic:claude-haiku-4-5-20251001"`): prefix -> provider
PREFIXED_MODELS: dict[str, str] = {
    "openai": "openai",
    "azure_openai": "azure_openai",
    "anthropic": "anthropic",
    "google_genai": "gemini",
    "google-gla": "gemini",
    "gemini": "gemini",
    "google_vertexai": "vertex",
    "google-vertex": "vertex",
    "vertexai": "vertex",
    "bedrock": "bedrock",
    "bedrock_converse": "bedrock",
    "mistralai": "mistral",
    "mistral": "mistral",
    "cohere": "cohere",
    "groq": "groq",
    "ollama": "ollama",
    "huggingface": "huggingface_inference",
    "xai": "xai",
    "grok": "xai",
    "deepseek": "deepseek",
    "fireworks": "fireworks",
    "together": "together",
}

# module prefix -> provider; the longest matching prefix wins
MODULE_PROVIDERS: dict[str, str] = {
    "openai": "openai",
    "langchain_openai": "openai",
    "llama_index.llms.openai": "openai",
    "llama_index.embeddings.openai": "openai",
    "llama_index.llms.azure_openai": "azure_openai",
    "anthropic": "anthropic",
    "langchain_anthropic": "anthropic",
    "llama_index.llms.anthropic": "anthropic",
    "google.generativeai": "gemini",
    "google.genai": "gemini",
    "langchain_google_genai": "gemini",
    "llama_index.llms.gemini": "gemini",
    "vertexai": "vertex",
    "langchain_google_vertexai": "vertex",
    "langchain_aws": "bedrock",
    "llama_index.llms.bedrock": "bedrock",
    "ollama": "ollama",
    "langchain_ollama": "ollama",
    "llama_index.llms.ollama": "ollama",
    "mistralai": "mistral",
    "langchain_mistralai": "mistral",
    "cohere": "cohere",
    "langchain_cohere": "cohere",
    "groq": "groq",
    "langchain_groq": "groq",
    "huggingface_hub.InferenceClient": "huggingface_inference",
    "litellm": "litellm",
}

# class or function names that say the provider whatever module they come from
# (langchain_community re-exports, wrappers)
NAME_PROVIDERS: dict[str, str] = {
    "ChatOpenAI": "openai",
    "OpenAIEmbeddings": "openai",
    "AzureOpenAI": "azure_openai",
    "AsyncAzureOpenAI": "azure_openai",
    "AzureChatOpenAI": "azure_openai",
    "AzureOpenAIEmbeddings": "azure_openai",
    "ChatAnthropic": "anthropic",
    "AnthropicBedrock": "bedrock",
    "AsyncAnthropicBedrock": "bedrock",
    "AnthropicVertex": "vertex",
    "AsyncAnthropicVertex": "vertex",
    "ChatGoogleGenerativeAI": "gemini",
    "ChatVertexAI": "vertex",
    "ChatBedrock": "bedrock",
    "ChatBedrockConverse": "bedrock",
    "BedrockChat": "bedrock",
    "BedrockLLM": "bedrock",
    "ChatOllama": "ollama",
    "OllamaLLM": "ollama",
    "OllamaEmbeddings": "ollama",
    "ChatMistralAI": "mistral",
    "ChatGroq": "groq",
}

# keyword arguments that name the model a call uses
MODEL_KWARGS = (
    "model",
    "model_name",
    "model_id",
    "modelId",
    "azure_deployment",
    "deployment_name",
    "deployment_id",
    "engine",
)
# keyword arguments that point a client at another server than the provider's default
# (a vLLM or LiteLLM proxy behind the OpenAI client, an Azure resource, a remote Ollama)
ENDPOINT_KWARGS = ("base_url", "api_base", "azure_endpoint", "endpoint", "host", "openai_api_base")

# calls whose first positional argument is the model name
MODEL_POSITIONAL = {"GenerativeModel", "completion", "acompletion", "embedding"}

# boto3 service names of Bedrock's runtime
BEDROCK_SERVICES = {"bedrock-runtime", "bedrock", "bedrock-agent-runtime"}

# Hugging Face: call name -> (kind, keyword naming the repository)
HUB_CALLS: dict[str, tuple[str, str]] = {
    "from_pretrained": ("model", "pretrained_model_name_or_path"),
    "hf_hub_download": ("model", "repo_id"),
    "snapshot_download": ("model", "repo_id"),
    "load_dataset": ("dataset", "path"),
    "SentenceTransformer": ("model", "model_name_or_path"),
    "CrossEncoder": ("model", "model_name"),
    "pipeline": ("model", "model"),
}
# load_dataset builders that read local files, not a hub dataset
DATASET_BUILDERS = {
    "json",
    "csv",
    "parquet",
    "text",
    "arrow",
    "imagefolder",
    "audiofolder",
    "videofolder",
    "webdataset",
    "pandas",
    "sql",
    "generator",
    "xml",
}

# name -> (integration name, manifest kind, what it gives the model)
_WEB_SEARCH = ("web-search", "tool", "searches the web and hands the results to the model")
_URL_LOADER = ("url-loader", "data_source", "fetches web pages at URLs into the model's context")
_CODE_EXEC = ("code-execution", "tool", "runs code the model writes")
_SQL = ("sql-database", "data_source", "lets the model query a database")
_FILES = ("file-system", "tool", "lets the model read or write files")
_UPLOADS = ("user-uploads", "data_source", "accepts files users upload")
_MCP = ("mcp-server", "plugin", "connects the model to an MCP server's tools")
TOOL_NAMES: dict[str, tuple[str, str, str]] = {
    **dict.fromkeys(
        (
            "TavilySearchResults",
            "TavilySearch",
            "DuckDuckGoSearchRun",
            "DuckDuckGoSearchResults",
            "GoogleSearchAPIWrapper",
            "GoogleSearchRun",
            "GoogleSerperAPIWrapper",
            "SerpAPIWrapper",
            "BingSearchAPIWrapper",
            "BraveSearch",
            "WikipediaQueryRun",
            "ArxivQueryRun",
            "WebSearchTool",
        ),
        _WEB_SEARCH,
    ),
    **dict.fromkeys(
        (
            "WebBaseLoader",
            "RecursiveUrlLoader",
            "SitemapLoader",
            "AsyncHtmlLoader",
            "AsyncChromiumLoader",
            "PlaywrightURLLoader",
            "SeleniumURLLoader",
            "UnstructuredURLLoader",
            "SimpleWebPageReader",
            "BeautifulSoupWebReader",
            "TrafilaturaWebReader",
            "RequestsGetTool",
            "RequestsWrapper",
            "TextRequestsWrapper",
            "FireCrawlLoader",
        ),
        _URL_LOADER,
    ),
    **dict.fromkeys(
        (
            "PythonREPLTool",
            "PythonREPL",
            "PythonAstREPLTool",
            "ShellTool",
            "E2BDataAnalysisTool",
            "create_python_agent",
            "create_pandas_dataframe_agent",
            "create_csv_agent",
            "LocalCommandLineCodeExecutor",
            "DockerCommandLineCodeExecutor",
            "CodeInterpreterTool",
        ),
        _CODE_EXEC,
    ),
    **dict.fromkeys(("SQLDatabase", "SQLDatabaseToolkit", "create_sql_agent"), _SQL),
    **dict.fromkeys(("FileManagementToolkit", "ReadFileTool", "WriteFileTool"), _FILES),
    **dict.fromkeys(("file_uploader", "UploadButton"), _UPLOADS),
    **dict.fromkeys(
        ("MCPServerStdio", "MCPServerSse", "MultiServerMCPClient", "stdio_client"), _MCP
    ),
}
# built-in tools of hosted APIs, by the prefix of their "type"
BUILTIN_TOOL_TYPES: dict[str, tuple[str, str, str]] = {
    "web_search": _WEB_SEARCH,
    "code_interpreter": _CODE_EXEC,
    "code_execution": _CODE_EXEC,
    "bash": ("shell", "tool", "runs shell commands the model writes"),
    "computer": ("computer-use", "tool", "lets the model operate a computer"),
    "text_editor": _FILES,
    "file_search": ("file-search", "data_source", "searches uploaded files for the model"),
}
# decorators that turn a function into a tool the model may call
TOOL_DECORATORS = {"tool", "function_tool"}
# annotation names that accept uploads (FastAPI, Starlette)
UPLOAD_ANNOTATIONS = {"UploadFile"}

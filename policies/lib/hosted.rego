# Hosted model APIs (5.2.3-1, 5.2.1-1): the provider runs the weights, so no commit id or
# digest can pin them; what the caller controls is the model id it sends. A dated or versioned
# snapshot id names one fixed model the provider does not change (gpt-4o-2024-08-06,
# claude-3-5-sonnet-20241022, gemini-1.5-pro-002, mistral-large-2407, command-r-08-2024,
# anthropic.claude-3-5-sonnet-20241022-v2:0); an alias (gpt-4o, claude-3-5-sonnet-latest,
# mistral-large-latest) moves to another model when the provider says so. Portable subset only.
package ai_security.lib

import rego.v1

# model hubs and code forges: a model there is downloaded, and pinned by commit or digest
hub_hosts := {
	"huggingface.co", "hf.co", "github.com", "gitlab.com", "kaggle.com",
	"modelscope.cn", "ollama.com", "ollama.ai",
}

# Each split is bound to a name before it is indexed: regorus indexes a call's result
# (`split(x, "/")[0]`) about seven times slower than a variable, and this runs for every model.
uri_host(uri) := host if {
	schemes := split(lower(uri), "://")
	rest := schemes[1]
	by_path := split(rest, "/")
	by_query := split(by_path[0], "?")
	by_fragment := split(by_query[0], "#")
	parts := split(by_fragment[0], "@")
	ports := split(parts[count(parts) - 1], ":")
	host := ports[0]
}

hub_host(host) if {
	host in hub_hosts
} else if {
	some h in hub_hosts
	endswith(host, concat("", [".", h]))
}

# hosted_api(m): a model used as supplied through a provider's https endpoint: third party,
# nothing held here, and not a hub or forge download.
# The cheap failing test first: most remote models are on a hub, and the third part of the
# URI split at "/" is its host exactly when it is a hub host (no user, port, query or
# fragment), so the full parse (uri_host) runs only for the others. Fields read by
# reference: cheaper than object.get in regorus, and an absent one fails as its default would.
hosted_api(m) if {
	m.source == "third_party"
	uri := m.uri
	is_string(uri)
	low := lower(uri)
	startswith(low, "https://")
	parts := split(low, "/")
	not parts[2] in hub_hosts
	blank(m, "artefact")
	not hub_host(uri_host(uri))
	not file_download(uri)
}

# a URI naming a weight file or an archive is a download, whatever the host: pinned by digest
file_download(uri) if regex.match(`\.(safetensors|bin|pt|pth|ckpt|gguf|ggml|onnx|h5|keras|tflite|pkl|pickle|joblib|nemo|llamafile|tar|gz|tgz|zip|7z)([?#].*)?$`, lower(uri))

# a snapshot suffix: a date (YYYY-MM-DD, YYYYMMDD, @YYYYMMDD), a month-day (-0613), a
# year-month (-2407), a month-year (-08-2024), a three-digit version (-002) or a Bedrock
# version (-v2, -v2:0), each as the last part of the id or before a version tag
snapshot_patterns := [
	`(^|[-_@.])(19|20)[0-9]{2}-?(0[1-9]|1[0-2])-?(0[1-9]|[12][0-9]|3[01])($|[-_:.@])`,
	`-(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$`,
	`-(2[3-9]|3[0-9])(0[1-9]|1[0-2])$`,
	`-(0[1-9]|1[0-2])-20[0-9]{2}$`,
	`-[0-9]{3}$`,
	`-v[0-9]+(:[0-9]+)?$`,
]

# dated_model_id(id): a model id that names a fixed snapshot, never an alias with "latest"
dated_model_id(id) if {
	is_string(id)
	not contains(lower(id), "latest")
	some p in snapshot_patterns
	regex.match(p, lower(trim_space(id)))
}

# hosted_pinned(m): a hosted model called by a snapshot id (its `revision:`)
hosted_pinned(m) if {
	hosted_api(m)
	dated_model_id(object.get(m, "revision", null))
}

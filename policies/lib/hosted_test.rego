package ai_security.lib_hosted_test

import data.ai_security.lib
import rego.v1

api := "https://api.openai.com/v1/chat/completions"

hosted(revision) := {"name": "m", "source": "third_party", "uri": api, "revision": revision}

test_dated_and_versioned_ids_are_pinned if {
	every id in [
		"gpt-4o-2024-08-06", "claude-3-5-sonnet-20241022", "claude-3-5-sonnet-v2@20241022",
		"gpt-4-0613", "mistral-large-2407", "command-r-08-2024", "gemini-1.5-pro-002",
		"anthropic.claude-3-5-sonnet-20241022-v2:0", "amazon.titan-text-express-v1",
		"gpt-4o-audio-preview-2024-10-01",
	] {
		lib.hosted_pinned(hosted(id))
	}
}

test_aliases_and_family_names_are_not_pinned if {
	every id in [
		"gpt-4o", "claude-3-5-sonnet-latest", "mistral-large-latest", "gemini-1.5-pro",
		"chatgpt-4o-latest", "command-r", "latest", "gpt-4-turbo-preview", "o1", "",
		"gpt-4o-2024-13-45", "model-9999",
	] {
		not lib.hosted_pinned(hosted(id))
	}
}

test_a_hub_download_is_not_a_hosted_api if {
	m := object.union(hosted("gpt-4o-2024-08-06"), {"uri": "https://huggingface.co/org/model"})
	not lib.hosted_api(m)
	not lib.hosted_api(object.union(m, {"uri": "https://user@cdn-lfs.hf.co:443/x"}))
}

test_a_weight_file_download_is_not_a_hosted_api if {
	not lib.hosted_api(object.union(hosted("m-2024-08-06"), {"uri": "https://cdn.example.com/m/model.safetensors"}))
	not lib.hosted_api(object.union(hosted("m-2024-08-06"), {"uri": "https://cdn.example.com/m.tar.gz?sig=1"}))
	lib.hosted_api(object.union(hosted("m-2024-08-06"), {"uri": "https://api.example.com/v1/models/m:predict"}))
}

test_a_model_held_here_or_not_third_party_is_not_a_hosted_api if {
	not lib.hosted_api(object.union(hosted("gpt-4o-2024-08-06"), {"artefact": "models/m.bin"}))
	not lib.hosted_api(object.union(hosted("gpt-4o-2024-08-06"), {"source": "fine_tuned"}))
	not lib.hosted_api(object.union(hosted("gpt-4o-2024-08-06"), {"uri": "http://api.example.org"}))
}

# uri_host on the edge cases: case, userinfo, port, query or fragment right after the host,
# no path, no scheme, an empty authority
test_uri_host_edge_cases if {
	lib.uri_host("https://user@cdn-lfs.hf.co:443/x") == "cdn-lfs.hf.co"
	lib.uri_host("HTTPS://Api.Example.COM?x=1/y") == "api.example.com"
	lib.uri_host("https://a.example#frag/x") == "a.example"
	lib.uri_host("https://h") == "h"
	lib.uri_host("https://a@b@c.example:1/") == "c.example"
	lib.uri_host("https://") == ""
	lib.uri_host("s3://bucket/key://x") == "bucket"
	not lib.uri_host("huggingface.co/org/m")
}

# source and uri are read by reference: a model without them, with another source, with a
# uri that is no string, or that is no object at all, is not a hosted API (and no error)
test_hosted_api_needs_a_third_party_uri if {
	lib.hosted_api(hosted("gpt-4o"))
	every m in [
		object.remove(hosted("gpt-4o"), ["source"]), object.remove(hosted("gpt-4o"), ["uri"]),
		object.union(hosted("gpt-4o"), {"source": "in_house"}), object.union(hosted("gpt-4o"), {"uri": 3}),
		object.union(hosted("gpt-4o"), {"uri": "http://api.example.com/v1"}), api, null, [api],
	] {
		not lib.hosted_api(m)
	}
}

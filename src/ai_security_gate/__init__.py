"""ai-security-gate: a CI policy-as-code gate for ETSI EN 304 223 (AI cyber security)."""

__version__ = "0.1.0"

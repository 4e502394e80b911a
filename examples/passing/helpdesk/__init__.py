"""Helpdesk assistant service (only the parts the security tests exercise are in this example)."""

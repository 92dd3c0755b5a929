"""The application layer: what the web pages, the API, the CLI and the benchmarks do with
articles and incidents, with no web framework in it (``web`` adapts it to HTTP)."""

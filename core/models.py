"""No models: Django sends post_migrate only to apps with a models module, and core.apps listens to it."""

"""The project's number formats (settings.FORMAT_MODULE_PATH), read before Django's own locale formats."""

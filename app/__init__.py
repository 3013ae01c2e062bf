"""Process edge: settings, the ASGI app factory, lifespan, HTTP endpoints, auth and the CLI.

The only layer that reads the environment.
"""

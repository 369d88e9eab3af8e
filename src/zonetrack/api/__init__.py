"""The NinjaAPI object, authentication and the one error shape.

May import: every app. It hangs every app's routes on the one API; no app imports it (the
shared schema pieces the apps need live in core.schemas).
"""

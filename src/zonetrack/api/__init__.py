"""The NinjaAPI object, authentication and the one error shape. Imports every app's routes."""

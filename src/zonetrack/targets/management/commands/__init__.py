"""The targets app's `zonetrack` subcommands."""

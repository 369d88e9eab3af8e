"""Dispatch: problem lists, three-colour warnings, alerts, dispatch meetings, the battle map."""

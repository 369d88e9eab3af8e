"""SQLite database backend that makes the database file's directory when it first connects."""

"""Travel grants and activities backend: library code shared by every Lambda function."""

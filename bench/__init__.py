"""`make bench`: measured figures (DynamoDB requests per operation, latency, cold start)."""

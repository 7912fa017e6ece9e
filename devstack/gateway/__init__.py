"""The local API server in front of the Chalice app: the deployed gateway's answers, the `/dev/` routes, the mailbox."""

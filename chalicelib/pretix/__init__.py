"""pretix: ticket vouchers for accepted travel grants (client, payloads, issue/revoke/sync)."""

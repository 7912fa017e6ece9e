"""The local stack: embedded AWS emulator, provisioning, demo data, API server, event pump.

Not shipped to Lambda (Chalice packages only app.py and chalicelib/).
"""

"""What the functions tell operators: structured JSON logs and CloudWatch metrics (EMF).

Standard library only, so observing costs nothing at import time (Powertools would add
its own import chain to every cold start for what a formatter and `print` do here).
"""

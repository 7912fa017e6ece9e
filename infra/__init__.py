"""Deployable infrastructure: the merge template, stage parameters and the packaging script."""

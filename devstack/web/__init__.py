"""The web app locally: built when its inputs changed, served on its own origin like CloudFront."""

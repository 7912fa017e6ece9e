"""Run the SAM transform offline, as CloudFormation would: `python infra/sam_expand.py < sam.json`.

Runs in the tools venv (`make tools`, requirements-tools.txt), not the app's: the
translator pins a pydantic older than the one the app ships. Reads the SAM template
(JSON) on stdin, writes the plain CloudFormation template on stdout; a template the
transform rejects exits 2 with the reasons on stderr. Standard library + samtranslator only.
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    import boto3
    from samtranslator.parser.parser import Parser
    from samtranslator.public.exceptions import InvalidDocumentException
    from samtranslator.translator.translator import Translator

    region = sys.argv[1] if len(sys.argv) > 1 else "us-east-1"
    document = json.load(sys.stdin)
    for resource in document.get("Resources", {}).values():
        props = resource.get("Properties", {})
        if isinstance(props.get("CodeUri"), str) and not props["CodeUri"].startswith("s3://"):
            props["CodeUri"] = "s3://deploy-bucket/deployment.zip"  # what `cloudformation package` does
    parameters = {name: spec.get("Default") for name, spec in document.get("Parameters", {}).items()
                  if "Default" in spec}
    translator = Translator(None, Parser(), boto_session=boto3.session.Session(region_name=region))
    try:
        expanded = translator.translate(document, parameter_values=parameters, get_managed_policy_map=dict)
    except InvalidDocumentException as exc:
        print("; ".join(cause.message for cause in exc.causes), file=sys.stderr)
        return 2
    json.dump(expanded, sys.stdout, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())

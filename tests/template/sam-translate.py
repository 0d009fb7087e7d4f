"""Translates template.yaml offline with the installed SAM translator and prints the
CloudFormation JSON that `sam deploy` would submit (give or take the hosted transform's
version), so tests can inspect the roles and the API definition SAM generates.

Usage: python tests/template/sam-translate.py template.yaml
"""
import json
import os
import sys

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-2")

from cfnlint.decode import decode  # noqa: E402  (reads YAML with CloudFormation tags)
from cfnlint.data import Serverless  # noqa: E402
from cfnlint.helpers import load_resource  # noqa: E402
from samtranslator.parser.parser import Parser  # noqa: E402
from samtranslator.translator.translator import Translator  # noqa: E402


def main(path: str) -> None:
    template, matches = decode(path)
    if matches:
        sys.exit("cannot parse {}: {}".format(path, matches))
    # The translator refuses local code paths; `sam build` would swap them for S3 URIs.
    for resource in template.get("Resources", {}).values():
        if resource.get("Type") == "AWS::Serverless::Function":
            resource["Properties"]["CodeUri"] = "s3://bucket/key"
    translator = Translator(managed_policy_map=load_resource(Serverless, "ManagedPolicies.json"), sam_parser=Parser())
    output = translator.translate(sam_template=template, parameter_values={}, passthrough_metadata=True)
    print(json.dumps(output, indent=1, default=str))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "template.yaml")

#!/usr/bin/env python3
"""Scaffolds a new Palisade rule: the files and registry lines a rule needs.

    scripts/new-rule.py SERVICE NAME [--prefix PREFIX] [--severity LEVEL]
                        [--terraform TYPE] [--cloudformation TYPE]

SERVICE is the model service the rule reads (`s3`, `kms`, or a new one such
as `ecr`); NAME is the rule's kebab-case name (`ecr-scan-on-push-disabled`).
It creates, and never overwrites:

  src/rules/SERVICE/NAME_WITH_UNDERSCORES.rs   the check, over the model
  rules/SERVICE/NAME.md                        the doc and its front matter
  testdata/rules/NAME/main.tf                  fixtures with `# expect:`
  testdata/rules/NAME/template.yaml
  testdata/rules/NAME/template.json (+ .expect)

and adds one line each to src/rules/SERVICE/mod.rs (created for a new
service, with its `mod` line in src/rules/mod.rs), the registry (`RULES` in
src/rules/mod.rs) and the README's rule table. The id is the next free
AWS-PREFIX-NNN: PREFIX is the one the service's rules already use, or
`--prefix` (default: SERVICE in capitals) for a new service.

The new rule compiles and reports nothing; `cargo test` fails until its
logic, doc examples and fixtures agree (CONTRIBUTING.md says what to fill
in). Run it from anywhere; it runs `cargo fmt` when cargo is on PATH.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEVERITIES = ["low", "medium", "high", "critical"]


def die(msg):
    print(f"error: {msg}", file=sys.stderr)
    sys.exit(1)


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def write_new(path, text):
    full = os.path.join(ROOT, path)
    if os.path.exists(full):
        die(f"{path} already exists")
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"created {path}")


def rewrite(path, text):
    with open(os.path.join(ROOT, path), "w", encoding="utf-8") as f:
        f.write(text)
    print(f"updated {path}")


def front_matter_ids():
    """Every rule id and name already used, from the rule docs."""
    ids, names = {}, set()
    for dirpath, _, files in os.walk(os.path.join(ROOT, "rules")):
        for f in files:
            if not f.endswith(".md"):
                continue
            text = open(os.path.join(dirpath, f), encoding="utf-8").read()
            m = re.search(r"^id:\s*(\S+)", text, re.M)
            n = re.search(r"^name:\s*(\S+)", text, re.M)
            if m:
                ids[m.group(1)] = os.path.basename(dirpath)
            if n:
                names.add(n.group(1))
    return ids, names


def next_id(service, prefix):
    ids, _ = front_matter_ids()
    used = [i for i, svc in ids.items() if svc == service and i.startswith("AWS-")]
    prefixes = sorted({i.split("-")[1] for i in used})
    if prefix is None:
        prefix = prefixes[0] if prefixes else service.upper()
    if not re.fullmatch(r"[A-Z][A-Z0-9]*", prefix):
        die(f"bad prefix {prefix!r}: capital letters and digits")
    numbers = [int(i.split("-")[2]) for i in ids if i.startswith(f"AWS-{prefix}-")]
    return f"AWS-{prefix}-{max(numbers, default=0) + 1:03}"


RULE_RS = """//! {id} {name}.

use crate::model::Model;
use crate::rules::Emitter;

/// TODO: read `model.{service}` and, for every resource that breaks the
/// practice, call `e.report(&meta, range, message)` at the offending value
/// (or at the resource when the attribute is missing and AWS's default
/// applies: `Val::is_default()` says which). Unknown values never report.
pub(crate) fn check(model: &Model, e: &mut Emitter) {{
    let _ = (model, e);
}}
"""

DOC_MD = """---
id: {id}
name: {name}
title: TODO one line, what is wrong (shown in every report)
description: "TODO: one or two whole sentences saying what the rule flags."
severity: {severity}
service: {service}
compliance:
  fsbp: []
  cis: []
equivalents:
  checkov: []
  trivy: []
  kics: []
  tfsec: []
  cfn_nag: []
  cfn_guard: []
---
## What it checks

TODO: the Terraform attribute (`{tf}`) and the CloudFormation property
(`{cfn}`) read, which values are findings, and where each finding is
reported (the value, or the resource when AWS's default applies).

## Why it matters

TODO: the AWS practice, in our own words.

## How to fix

TODO: one paragraph, shown as the finding's help.

## Examples

```terraform bad
resource "{tf}" "bad" {{
  # TODO
}}
```

```terraform good
resource "{tf}" "good" {{
  # TODO
}}
```

```cloudformation bad
Resources:
  Bad:
    Type: {cfn}
    Properties: {{}} # TODO
```

```cloudformation good
Resources:
  Good:
    Type: {cfn}
    Properties: {{}} # TODO
```

## References

- TODO: the AWS documentation page, and the Security Hub control page.
"""

MAIN_TF = """# Fixtures for {name} ({id}). Each `# expect: {name}@COL` marks a
# finding that starts on its line at column COL; every other resource must
# be clean. TODO: cover the default, an explicit insecure value, a secure
# value, a value from a variable, and an unknown value (no finding).

resource "{tf}" "missing" {{ # expect: {name}@1
}}
"""

TEMPLATE_YAML = """AWSTemplateFormatVersion: "2010-09-09"
Description: Fixtures for {name} ({id}).

# TODO: as main.tf, plus conditions (`Fn::If`) and parameters.
Resources:
  Missing: # expect: {name}@3
    Type: {cfn}
    Properties: {{}}
"""

TEMPLATE_JSON = """{{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {{
    "Missing": {{
      "Type": "{cfn}",
      "Properties": {{}}
    }}
  }}
}}
"""

TEMPLATE_JSON_EXPECT = """4:5 {name}
"""


def add_service_module(service):
    path = "src/rules/mod.rs"
    text = read(path)
    mods = re.findall(r"^mod (\w+);$", text, re.M)
    if service in mods:
        return
    rules_mods = [m for m in mods if m != "suggest"]
    after = max([m for m in rules_mods if m < service], default=None)
    if after is None:
        anchor = f"mod {rules_mods[0]};\n"
        text = text.replace(anchor, f"mod {service};\n" + anchor, 1)
    else:
        anchor = f"mod {after};\n"
        text = text.replace(anchor, anchor + f"mod {service};\n", 1)
    rewrite(path, text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("service", help="model service, lowercase (s3, kms, ecr)")
    ap.add_argument("name", help="rule name, kebab-case (ecr-scan-on-push-disabled)")
    ap.add_argument("--prefix", help="id prefix for a new service (default: SERVICE in capitals)")
    ap.add_argument("--severity", default="medium", choices=SEVERITIES)
    ap.add_argument("--terraform", default="aws_TODO", help="Terraform resource type")
    ap.add_argument("--cloudformation", default="AWS::TODO::TODO", help="CloudFormation type")
    a = ap.parse_args()

    if not re.fullmatch(r"[a-z][a-z0-9]*", a.service):
        die("SERVICE must be lowercase letters and digits")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", a.name):
        die("NAME must be lowercase kebab-case")
    _, names = front_matter_ids()
    if a.name in names:
        die(f"a rule named {a.name} already exists")
    rule_id = next_id(a.service, a.prefix)
    module = a.name.replace("-", "_")
    prefix = f"{a.service}-"
    if module.startswith(prefix.replace("-", "_")):
        # `ecr-scan-on-push-disabled` in service `ecr` is `ecr::scan_on_push_disabled`.
        module = module[len(prefix):]
    f = dict(
        id=rule_id,
        name=a.name,
        service=a.service,
        severity=a.severity,
        tf=a.terraform,
        cfn=a.cloudformation,
    )

    write_new(f"src/rules/{a.service}/{module}.rs", RULE_RS.format(**f))
    write_new(f"rules/{a.service}/{a.name}.md", DOC_MD.format(**f))
    write_new(f"testdata/rules/{a.name}/main.tf", MAIN_TF.format(**f))
    write_new(f"testdata/rules/{a.name}/template.yaml", TEMPLATE_YAML.format(**f))
    write_new(f"testdata/rules/{a.name}/template.json", TEMPLATE_JSON.format(**f))
    write_new(f"testdata/rules/{a.name}/template.json.expect", TEMPLATE_JSON_EXPECT.format(**f))

    mod_rs = f"src/rules/{a.service}/mod.rs"
    if os.path.exists(os.path.join(ROOT, mod_rs)):
        text = read(mod_rs)
        if not text.endswith("\n"):
            text += "\n"
        rewrite(mod_rs, text + f"pub(crate) mod {module};\n")
    else:
        write_new(mod_rs, f"pub(crate) mod {module};\n")
        add_service_module(a.service)

    registry = read("src/rules/mod.rs")
    start = registry.index("const RULES: &[RuleDef] = &[")
    end = registry.index("\n];", start)
    line = f'\n    rule!({a.service}::{module}, "{a.service}/{a.name}.md"),'
    rewrite("src/rules/mod.rs", registry[:end] + line + registry[end:])

    readme = read("README.md")
    row = f"| [{rule_id}](rules/{a.service}/{a.name}.md) | {a.name} | {a.service} |\n"
    # Rules come before the pseudo-rules (`PAL-...`), as `palisade rules` lists them.
    m = re.search(r"^\| \[PAL-", readme, re.M) or re.search(r"^<!-- rules:end -->", readme, re.M)
    if m is None:
        die("README.md has no <!-- rules:begin --> ... <!-- rules:end --> table")
    rewrite("README.md", readme[: m.start()] + row + readme[m.start():])

    if shutil.which("cargo"):
        subprocess.run(["cargo", "fmt"], cwd=ROOT, check=False)
    print(f"\n{rule_id} {a.name}: now write the check, the doc and the fixtures "
          f"(CONTRIBUTING.md, 'Adding a rule'), then run `cargo test`.")


if __name__ == "__main__":
    main()

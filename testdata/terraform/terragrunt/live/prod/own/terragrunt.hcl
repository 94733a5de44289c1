# No source: Terragrunt runs in this directory, with these inputs.
inputs = merge(dependency.x.outputs, { size = 3 })

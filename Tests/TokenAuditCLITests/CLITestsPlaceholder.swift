// Placeholder so SwiftPM finds sources for this target until the CLI tests land (added on branch `sample`).

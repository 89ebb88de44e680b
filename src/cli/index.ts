#!/usr/bin/env node
// Placeholder entry until the command-line companion lands; keeps the build's inputs stable.
process.stderr.write('tapkey-locks: the command-line companion is not part of this build yet.\n');
process.exitCode = 2;

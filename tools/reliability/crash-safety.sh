#!/usr/bin/env bash
# Crash safety at random (RELIABILITY.md, "Crash safety"): every training command of the CLI on
# small data, killed with SIGKILL at random moments (seeded) and resumed with --resume until it
# completes; every checkpoint read back after every kill; the model folder compared with an
# uninterrupted run's. Then a full disk (a 64 MB tmpfs, needs root) and a read-only output folder
# (the run as user nobody, needs setpriv): each skipped with a message when not permitted.
#
#   tools/reliability/crash-safety.sh [--seed N] [--kills N] [--commands classify,forecast,...]
#                                     [--write-bias P] [--span F] [--no-faults] [--work DIR]
#
# Builds rnn4j-cli/target/rnn4j.jar when needed (through ./rnn4j), then runs CrashSafety.java as a
# single-file program on the JDK the launcher picks; the children run the same JDK. Work folder:
# target/crash-safety (deleted first). Exit status 0 when every check passed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
"$repo/rnn4j" --version > /dev/null   # builds rnn4j-cli/target/rnn4j.jar when needed
java_cmd=$(RNN4J_WHICH_JAVA=1 "$repo/rnn4j")
exec "$java_cmd" -cp "$repo/rnn4j-cli/target/rnn4j.jar" "$here/CrashSafety.java" --repo "$repo" --java "$java_cmd" "$@"

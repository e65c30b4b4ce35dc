#!/usr/bin/env node
// Launcher of the shinchoku CLI. The CLI is TypeScript (shared/cli/*.ts), which Node runs directly
// from 22.18 on (type stripping); older Node would fail with a confusing syntax error, so say it first.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `shinchoku: Node ${process.versions.node} では動きません。npx shinchoku で実行するか Node 22.18 以上を使ってください / ` +
      `Node ${process.versions.node} is too old: run it as "npx shinchoku" (Node 24 from the project) or use Node 22.18+.\n`,
  );
  process.exit(2);
}
// No top-level await: even a very old Node must reach the message above rather than a syntax error.
import('../shared/cli/main.ts').then((cli) => cli.run());

/**
 * Once a step is over, nothing of it may keep the job waiting. A proxy that
 * accepts the connection and never answers CONNECT holds a socket that the
 * toolkit's tunnel agent never closes (an aborted request that has no socket
 * yet cannot close it either), so a step that has given up on it would still
 * not end. If the process is still alive this long after the step's last
 * write, it exits with the step's exit code. The timer does not itself keep
 * the process alive: a step that ends cleanly exits as soon as it is done.
 * Called by the entry files only (src/main.ts, src/post.ts), which own their
 * process; `npm run local-action` runs both steps' run() in one process.
 */
export function endProcessAfter(graceMs = 1000): void {
  setTimeout(() => process.exit(), graceMs).unref()
}

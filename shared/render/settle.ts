/**
 * exceljs's browser bundle (the build workerd loads) defers work through its own process.nextTick
 * shim: a queue drained by a setTimeout. A Worker's timers end with its request, so a drain still
 * pending when the response goes out never runs, the shim believes it is draining for good, and the
 * next request in the same isolate that reads or writes a workbook waits forever ("the Worker's code
 * had hung"). Two timer turns after each workbook operation let the drain run inside the request.
 * In Node this costs two event-loop turns.
 */
export async function settleDeferredWork(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

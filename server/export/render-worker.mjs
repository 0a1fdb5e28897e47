// Entry of the export pool's worker threads. Plain JavaScript so that Node starts it as is, whether the server
// runs under `node --import tsx` (npm start), vitest or anything else; it loads the TypeScript renderer through
// tsx's scoped import, which compiles only what this import reaches and registers no global hook.
import { setPriority } from 'node:os';
import { tsImport } from 'tsx/esm/api';

// On Linux a nice value belongs to a thread, and setpriority(PRIO_PROCESS, 0) (what `os.setPriority(n)` calls)
// applies to the calling one: this thread yields the CPU to the server's event loop, which keeps nice 0. Elsewhere
// the same call would lower the whole process, so it is left out.
if (process.platform === 'linux') setPriority(19);

const { renderJob } = await tsImport('./render-task.ts', import.meta.url);

export default renderJob;

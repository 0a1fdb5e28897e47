// Entry of the export pool's worker threads. Plain JavaScript so that Node starts it as is, whether the server
// runs under `node --import tsx` (npm start), vitest or anything else; it loads the TypeScript renderer through
// tsx's scoped import, which compiles only what this import reaches and registers no global hook.
import { tsImport } from 'tsx/esm/api';

const { renderJob } = await tsImport('./render-task.ts', import.meta.url);

export default renderJob;

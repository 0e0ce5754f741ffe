/** The storage worker: writes the blocks of an import the import worker hands it (see stage-remote.ts). */
import { openDatabase } from '../db';
import { serveStaging } from './stage-remote';

serveStaging(self as unknown as DedicatedWorkerGlobalScope, (name) => openDatabase(name));

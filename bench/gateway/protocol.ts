/** Messages between the benchmark's orchestrator (run.ts) and its child processes, over IPC. */

/** A subgraph request as the subgraph process saw it, for the "subgraph calls alone" ceiling. */
export interface RecordedCall {
  url: string;
  body: string;
  /** Calls of one wave were in flight together; wave n+1 started after a call of wave n ended. */
  wave: number;
}

/** Orchestrator -> subgraph process. */
export type SubgraphCommand = { type: 'counts'; id: number } | { type: 'record'; id: number; on: boolean };

/** Subgraph process -> orchestrator. */
export type SubgraphReply =
  | { type: 'ready'; urls: Record<string, string>; direct: Record<string, string> }
  | { type: 'counts'; id: number; requests: number; memoHits: number }
  | { type: 'record'; id: number; calls: RecordedCall[] }
  | { type: 'error'; message: string };

/** A gateway child process -> orchestrator, once it listens. */
export type ServeReply = { type: 'listening'; url: string } | { type: 'error'; message: string };

// The editor's worker entry: the simulator, its edits answered with what changed (edit-answer.ts).
import { withEditAnswers } from './edit-answer';
import { serveSimulator } from './serve-simulator';

serveSimulator(withEditAnswers);

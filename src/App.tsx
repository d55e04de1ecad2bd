import { FlowCanvas } from './ui/canvas/FlowCanvas';
import { DocumentProblems } from './ui/panels/DocumentProblems';
import { Header } from './ui/panels/Header';
import { ResultPanel } from './ui/panels/ResultPanel';
import { TraceBar } from './ui/panels/TraceBar';

export function App() {
  return (
    <div className="flex h-screen flex-col bg-slate-50 text-slate-900">
      <Header />
      <TraceBar />
      <DocumentProblems />
      <main className="flex min-h-0 flex-1 flex-col">
        <section className="min-h-0 flex-[5] border-b border-slate-200">
          <FlowCanvas />
        </section>
        <section className="min-h-0 flex-[4] overflow-auto bg-white">
          <ResultPanel />
        </section>
      </main>
    </div>
  );
}

/** Resolves in a task of its own (after what is queued): a long piece of work split so the page can draw between. */
export const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

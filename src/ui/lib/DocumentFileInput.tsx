import type { Ref } from 'react';

/**
 * A hidden file picker for YAML or JSON files (and, with `pictures`, the SVG and PNG pictures Hopscope
 * exports, which carry their document), opened by a button of the caller's (`ref.current.click()`).
 * It is reset after each choice, so choosing the same file again is noticed.
 */
export function DocumentFileInput({
  ref,
  testId,
  onFile,
  pictures = false,
}: {
  ref: Ref<HTMLInputElement>;
  testId: string;
  onFile: (file: File) => void;
  pictures?: boolean;
}) {
  return (
    <input
      ref={ref}
      data-testid={testId}
      type="file"
      accept={`.yaml,.yml,.json,application/json,application/yaml,text/yaml${pictures ? ',.svg,.png,image/svg+xml,image/png' : ''}`}
      className="hidden"
      onChange={(e) => {
        const f = e.target.files?.[0];
        e.target.value = '';
        if (f) onFile(f);
      }}
    />
  );
}

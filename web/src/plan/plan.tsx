import { useMutation } from '@urql/preact';
import { useRef, useState } from 'preact/hooks';
import { useDashboard } from '../dashboard/context';
import type { Project } from '../dashboard/project';
import { MOVE_STAGE, StageItem } from '../dashboard/stage-item';
import { errorMessage } from '../api';

/**
 * The action plan in order. A member re-orders it by dragging a stage onto another's place, or
 * with each stage's Up and Down buttons: the same moveStage, and the buttons are the way for the
 * keyboard and for anyone who cannot drag.
 */
export function Plan({ project, writable }: { project: Project; writable: boolean }) {
  const { refresher } = useDashboard();
  const [, moveStage] = useMutation(MOVE_STAGE);
  const dragged = useRef<string | null>(null);
  const [over, setOver] = useState<number | null>(null);
  const [problem, setProblem] = useState('');
  const stages = [...project.stages].sort((a, b) => a.position - b.position);
  // Pointer events rather than HTML drag and drop: they work alike for a mouse, a pen and a
  // finger (the handle does not scroll the page), and the list follows the pointer as it moves.
  const indexAt = (event: PointerEvent) => {
    const li = document.elementFromPoint(event.clientX, event.clientY)?.closest<HTMLElement>('li.stage');
    return li?.dataset.index === undefined ? null : Number(li.dataset.index);
  };
  const onPointerDown = (event: PointerEvent) => {
    const handle = (event.target as Element).closest('.drag-handle');
    if (!writable || !handle) return;
    event.preventDefault();
    dragged.current = handle.closest<HTMLElement>('li.stage')?.dataset.stageId ?? null;
    (event.currentTarget as Element).setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent) => {
    if (dragged.current) setOver(indexAt(event));
  };
  const onPointerUp = (event: PointerEvent) => {
    const id = dragged.current;
    const index = indexAt(event);
    dragged.current = null;
    setOver(null);
    if (!id || index === null || stages[index]?.id === id) return;
    setProblem('');
    void moveStage({ input: { id, position: index } }).then(({ error }) => (error ? setProblem(errorMessage(error)) : refresher.refreshAll()));
  };
  if (!stages.length) return <p class="muted">No stages yet.</p>;
  return (
    <>
      {writable && stages.length > 1 ? <p class="muted small">Drag a stage by its number to another place in the plan, or use its Up and Down buttons.</p> : null}
      <ol class="stages" onPointerDown={onPointerDown} onPointerMove={onPointerMove} onPointerUp={onPointerUp} onPointerCancel={() => ((dragged.current = null), setOver(null))}>
        {stages.map((stage, index) => (
          <StageItem
            key={stage.id}
            project={project}
            stage={stage}
            index={index}
            count={stages.length}
            writable={writable}
            dropTarget={over === index && dragged.current !== stage.id}
          />
        ))}
      </ol>
      <p class="error" role="alert">
        {problem}
      </p>
    </>
  );
}

import { usePageShown } from '../dashboard/context';
import { DigestSettingsForm } from './digest';

/** The signed-in person's own settings in this organisation: for now, their digest by mail. */
export function SettingsView() {
  usePageShown('Your settings');
  return (
    <div class="settings-page">
      <h1 tabIndex={-1}>Your settings</h1>
      <DigestSettingsForm />
    </div>
  );
}

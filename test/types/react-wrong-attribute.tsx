// Deliberately wrong: tsc must refuse each line marked "wrong:" (test/types/types.test.js
// checks that it fails, and on those lines only).
import type {} from 'dvc-widgets/react';

export function Wrong() {
  return (
    <div>
      <dvc-process-steps current={true} /> {/* wrong: current is a number */}
      <dvc-dossier-table source="everything" /> {/* wrong: source is public-results or mine */}
      <dvc-otp-input length="six" /> {/* wrong: length is a number */}
      <dvc-stats-donut data={{ year: 2023 }} /> {/* wrong: data needs onTime, late and updatedAt */}
      <dvc-login-button ondvc-login={(e: KeyboardEvent) => e.key} /> {/* wrong: dvc-login is not a keyboard event */}
    </div>
  );
}

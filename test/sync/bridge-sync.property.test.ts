import { describeBridgeSyncProperty, PAGE_SIZE } from './support/bridge-property.js';
import { bridgeProvider } from './support/sandbox.js';

describeBridgeSyncProperty({
  title: 'Bridge v2',
  seed: 21,
  provider: (sandbox) => bridgeProvider(sandbox, { syncPageSize: PAGE_SIZE }),
  activity: (sandbox) => {
    const control = sandbox.bridge.control;
    const user = sandbox.bridge.users[0]?.uuid ?? '';
    return {
      add: (input) => control.addTransaction(user, input),
      modify: (id, change) => control.updateTransaction(user, id, change),
      book: (id, change) => control.bookTransaction(user, id, change),
      remove: (id) => control.deleteTransaction(user, id),
    };
  },
  feedPath: /\/v2\/transactions\/updated$/,
});

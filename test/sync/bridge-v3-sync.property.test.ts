import { describeBridgeSyncProperty, PAGE_SIZE } from './support/bridge-property.js';
import { bridgeV3Provider } from './support/sandbox.js';

describeBridgeSyncProperty({
  title: 'Bridge 2025-01-15',
  seed: 23,
  provider: (sandbox) => bridgeV3Provider(sandbox, { syncPageSize: PAGE_SIZE }),
  activity: (sandbox) => ({
    add: (input) => sandbox.bridge.v3.addTransaction(input),
    modify: (id, change) => sandbox.bridge.v3.modifyTransaction(id, change),
    book: (id, change) => sandbox.bridge.v3.bookTransaction(id, change),
    remove: (id) => sandbox.bridge.v3.deleteTransaction(id),
  }),
  feedPath: /\/v3\/aggregation\/transactions$/,
});

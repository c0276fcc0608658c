// LEAD Ops: the first page after a sign-out deletes whatever the filing app
// kept on this device (the officer's drafts and queue, the form's offline copy),
// in case the signing-out page could not (README, Filing offline). Loaded only
// on that page; the store (store.js) knows what there is to delete.
(function () {
  "use strict";

  async function forget() {
    try {
      sessionStorage.removeItem("lead-offline-kept");
      await LeadOfflineStore.clearDevice();
    } finally {
      document.documentElement.dataset.deviceForgotten = "1";
    }
  }
  forget();
})();

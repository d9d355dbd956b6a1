"use strict";
// Test-only Experiment (privileged code) of the e2e driver.
//
// When an SMTP server refuses a message, Thunderbird tells the person in a modal prompt
// ("Send Message Error"). Headless, that prompt never goes away and every later send
// queues behind it. Once closeFromNowOn() is called, each prompt is closed the moment it
// has loaded and its title and text are kept for takeClosed(), so the relay's reason for
// refusing can be checked like any other outcome.
var { ExtensionCommon } = ChromeUtils.importESModule("resource://gre/modules/ExtensionCommon.sys.mjs");

const TOPIC = "common-dialog-loaded";

this.e2eModals = class extends ExtensionCommon.ExtensionAPI {
  onShutdown() {
    if (this.watcher) Services.obs.removeObserver(this.watcher, TOPIC);
    this.watcher = null;
  }

  getAPI(context) {
    const api = this;
    api.closed = api.closed || [];
    return {
      e2eModals: {
        async closeFromNowOn() {
          if (api.watcher) return;
          api.watcher = {
            observe(win) {
              const args = (win.Dialog && win.Dialog.args) || {};
              const kind = String(args.promptType || "unknown");
              api.closed.push({ title: String(args.title || ""), text: String(args.text || ""), kind });
              const dialog = win.document.querySelector("dialog");
              // Let the prompt finish opening, then close it the way a person would.
              win.setTimeout(() => {
                if (!dialog) return win.close();
                if (kind === "alert" || kind === "alertCheck") dialog.acceptDialog();
                else dialog.cancelDialog();
              }, 0);
            },
          };
          Services.obs.addObserver(api.watcher, TOPIC);
        },
        async takeClosed() {
          return api.closed.splice(0);
        },
      },
    };
  }
};

// The `ask` fail mode's question, in a small popup window: send this mail unchecked?
//
// The answer comes back as a runtime message carrying the question's id. Closing the
// window counts as "do not send", the safe side.

export async function askInWindow(messenger, reason) {
  const id = crypto.randomUUID();
  const url = messenger.runtime.getURL(`ask.html?id=${id}&reason=${encodeURIComponent(reason)}`);
  return new Promise((resolve, reject) => {
    let windowId = null;
    let settled = false;
    const finish = (send) => {
      if (settled) return;
      settled = true;
      messenger.runtime.onMessage.removeListener(onMessage);
      messenger.windows.onRemoved.removeListener(onRemoved);
      if (windowId !== null) messenger.windows.remove(windowId).catch(() => {});
      resolve(send);
    };
    const onMessage = (message) => {
      if (message && message.askId === id) finish(message.send === true);
    };
    const onRemoved = (closed) => {
      if (closed === windowId) {
        windowId = null;
        finish(false);
      }
    };
    messenger.runtime.onMessage.addListener(onMessage);
    messenger.windows.onRemoved.addListener(onRemoved);
    messenger.windows
      .create({ url, type: "popup", width: 520, height: 300, allowScriptsToClose: true })
      .then((window) => {
        windowId = window.id;
      })
      .catch((e) => {
        settled = true;
        messenger.runtime.onMessage.removeListener(onMessage);
        messenger.windows.onRemoved.removeListener(onRemoved);
        reject(e);
      });
  });
}

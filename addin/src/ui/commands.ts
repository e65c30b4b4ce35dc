// The function file has no commands of its own; Office only needs it to be loadable.
if (typeof Office !== 'undefined') void Office.onReady();

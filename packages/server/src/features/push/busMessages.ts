// The bus kinds this domain adds. Every file that publishes or handles them imports this one
// (import './busMessages'), so that any program compiling that file sees the kinds.
declare module '../../platform/bus/eventBus' {
  interface BusMessages {
    /**
     * The user now has a push subscription (true), or may have none left (false): every node
     * updates its set of users worth a push job when they are sent a message.
     */
    'push.subscribers': { userId: string; subscribed: boolean };
    /**
     * The operator replaced the VAPID keys, and every subscription with them: every node reads
     * the keys and its set of subscribed users again from the store.
     */
    'push.keysRotated': Record<never, never>;
  }
}

export {};

export { REGIONS, isRegion, type Region } from './regions';
export { SubscriberStore, type Subscriber } from './subscriber-store';

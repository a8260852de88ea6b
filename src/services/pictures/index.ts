/**
 * Pictures the bot sends beside its text (the text stays the accessible version): the deadline
 * timeline and the SOS card. Built as SVG by pure functions from words the bot has translated,
 * rendered to PNG offline with the shipped font, and cached by what they show.
 */
export * from './render-png';
export * from './picture-cache';
export * from './png-text';
export * from './deadline-timeline';
export * from './timeline-svg';
export * from './sos-card-svg';

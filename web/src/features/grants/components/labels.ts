import type { Grant, GrantStatus } from "../api/grants";

/** Each status in plain words, with what happens next. */
export const STATUS_WORDS: Record<GrantStatus, { title: string; next: string }> = {
  submitted: {
    title: "Submitted: waiting for review",
    next: "The reviewers will read your application. Until they decide you can still edit it or withdraw it.",
  },
  info_needed: {
    title: "More information needed",
    next: "The reviewers have a question: answer it below with “Provide information”.",
  },
  offered: {
    title: "You have an offer",
    next: "Accept the offer to confirm it, decline it, or ask for more if the amount does not cover your trip.",
  },
  need_more: {
    title: "You asked for more",
    next: "The reviewers will look at your request again and make a new offer.",
  },
  accepted: {
    title: "Accepted",
    next: "After your trip, upload your receipts and give your payment details so the grant can be paid.",
  },
  rejected: {
    title: "Not offered",
    next: "We are sorry: the reviewers could not offer you a grant this time.",
  },
  declined: { title: "Declined", next: "You declined the offer. Nothing else is needed." },
  withdrawn: { title: "Withdrawn", next: "You withdrew your application. Nothing else is needed." },
  disbursed: { title: "Paid", next: "Your grant has been paid. Thank you for coming!" },
  waitlisted: {
    title: "On the waitlist",
    next: "The reviewers could not offer you a grant yet. When money frees up it goes to the waitlist: if a grant can be offered to you, you will get an e-mail with the offer and the date to answer by.",
  },
  expired: {
    title: "This offer expired",
    next: "The offer was not answered by its deadline, so its money went back to the budget. If you still need a grant, write to the reviewers below: they can make you a new offer if money is left.",
  },
};

export const APPLICATION_TYPES: Record<Grant["application_type"], string> = {
  general: "Attendee",
  speaker: "Speaker",
  staff: "Staff or volunteer",
  core_dev: "Python core developer",
  psf_board: "PSF board member",
  community: "Community organiser",
  education: "Educator or student",
  pyladies: "PyLadies member",
  other: "Other",
};

export const EXPERIENCE_LEVELS: Record<Grant["experience_level"], string> = {
  beginner: "Beginner",
  intermediate: "Intermediate",
  expert: "Expert",
};

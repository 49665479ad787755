//! Our own bank of party prompts, used when the ai service is absent, slow or failing (and to
//! top up a short answer from it).

/// Open-ended, playful prompts written for this game.
pub const QUESTIONS: &[&str] = &[
    "What would a haunted vending machine dispense?",
    "Name a holiday that should exist but doesn't.",
    "What is the worst thing to hear from your dentist mid-appointment?",
    "Invent a new Olympic sport for people who hate exercise.",
    "What does your houseplant secretly think of you?",
    "Pitch a reality show set entirely inside an elevator.",
    "What is the least helpful superpower you can imagine?",
    "Write the slogan for a cereal aimed at pirates.",
    "What would you find in a wizard's junk drawer?",
    "Describe the most suspicious item on a grocery receipt.",
    "What is a dragon's biggest everyday annoyance?",
    "Name a perfume that smells like a very specific memory.",
    "What should robots celebrate on their birthday?",
    "Give a terrible name for a luxury yacht.",
    "What is the first rule of the secret society of pigeons?",
    "Invent a board game that ruins friendships in under five minutes.",
    "What would a cat write in its autobiography's first line?",
    "Describe a theme park ride based on doing your taxes.",
    "What is the worst possible name for a hospital?",
    "What do clouds gossip about?",
    "Name a flavour of ice cream that should never be sold.",
    "What is the most dramatic way to return a library book?",
    "Invent a job title that sounds important but means nothing.",
    "What would aliens misunderstand most about breakfast?",
    "Pitch a sequel to a movie that never needed one.",
    "What is the worst advice a fortune cookie could give?",
    "Describe a villain whose evil plan is mildly inconvenient.",
    "What is inside the mystery box at the end of the universe?",
    "Name a band formed entirely by kitchen appliances.",
    "What would a snail's motivational poster say?",
    "Invent a conspiracy theory about socks.",
    "What is the strangest thing to bring to a job interview?",
    "Describe a restaurant where the waiters are all ghosts.",
    "What do you shout when you win at a game nobody else is playing?",
    "Name a smartphone app nobody asked for.",
    "What would a medieval knight complain about in modern traffic?",
    "Write the first line of a love letter to a sandwich.",
    "What is the worst thing to find in your shoe after a long walk?",
    "Invent a festival celebrating a completely ordinary object.",
    "What does a penguin wear to a formal dinner?",
    "Describe the world's most boring treasure map.",
    "What is a time traveller's most embarrassing souvenir?",
    "Name a dance move inspired by assembling furniture.",
    "What would a volcano post on social media?",
    "Invent an excuse for being late that involves a goat.",
    "What is the most useless thing to pack for a desert island?",
    "Describe the menu at a café run by raccoons.",
    "What would your shadow do if it had a day off?",
    "Name a sport that would be improved by adding trampolines.",
    "What is the worst thing a GPS could say in a calm voice?",
    "Invent a magic spell for finding the TV remote.",
    "What is the secret ingredient in grandma's mysterious soup?",
    "Describe a superhero whose only power is perfect parallel parking.",
    "What would a lighthouse keeper write in a message in a bottle today?",
    "Name a dinosaur that would make a terrible pet, and why.",
    "What is the most awkward thing to say at a wizard's wedding?",
    "Invent a warning label for a completely harmless object.",
    "What would a tiny dragon hoard instead of gold?",
    "Describe the worst possible theme for a wedding cake.",
    "What do astronauts really argue about in orbit?",
    "Name the next big fashion trend for octopuses.",
    "What is the rudest thing a talking door could say?",
];

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::QUESTIONS;

    #[test]
    fn the_bank_has_at_least_fifty_distinct_prompts() {
        let distinct: HashSet<String> = QUESTIONS.iter().map(|q| q.to_lowercase()).collect();
        assert!(QUESTIONS.len() >= 50);
        assert_eq!(distinct.len(), QUESTIONS.len());
        assert!(
            QUESTIONS
                .iter()
                .all(|q| !q.trim().is_empty() && q.len() <= 300)
        );
    }
}
